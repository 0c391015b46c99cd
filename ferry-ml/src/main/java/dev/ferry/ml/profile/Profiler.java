package dev.ferry.ml.profile;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.StringColumn;
import dev.ferry.ml.data.TensorColumn;

/** Computes the profile of a dataset in one pass over each column. */
public final class Profiler {
    public DatasetProfile profile(Dataset dataset) {
        DatasetProfile profile = DatasetProfile.empty(dataset.schema());
        for (int c = 0; c < dataset.columns().size(); c++) {
            add(profile.columns().get(c), dataset.columns().get(c));
        }
        profile.addRows(dataset.rows());
        return profile;
    }

    private static void add(ColumnProfile profile, Column column) {
        for (int r = 0; r < column.rows(); r++) {
            if (column.isMissing(r)) {
                profile.addMissing();
                continue;
            }
            profile.addPresent();
            switch (column) {
                case NumberColumn numbers -> profile.addNumber(numbers.get(r));
                case CategoryColumn categories -> profile.addItem(categories.get(r));
                case StringColumn strings -> profile.addItem(strings.values()[r]);
                case TensorColumn tensor -> {
                    float[] values = tensor.values();
                    for (int k = r * tensor.width(); k < (r + 1) * tensor.width(); k++) {
                        profile.addNumber(values[k]);
                    }
                }
            }
        }
    }
}
