package dev.ferry.ml.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void computesBinaryClassificationMetricsByHand() {
        // truth: 0 0 1 1; predicted positive probabilities 0.1 0.6 0.4 0.9
        int[] truth = {0, 0, 1, 1};
        float[][] probs = {{0.9f, 0.1f}, {0.4f, 0.6f}, {0.6f, 0.4f}, {0.1f, 0.9f}};

        ClassificationReport report = ClassificationReport.of(List.of("no", "yes"), truth, probs);

        assertThat(report.metrics().get("accuracy")).isEqualTo(0.5);
        assertThat(report.confusion()).isEqualTo(new long[][] {{1, 1}, {1, 1}});
        assertThat(report.metrics().get("f1_macro")).isCloseTo(0.5, within(1e-12));
        assertThat(report.metrics().get("roc_auc")).isCloseTo(0.75, within(1e-12));
        double logLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4;
        assertThat(report.metrics().get("log_loss")).isCloseTo(logLoss, within(1e-6));
    }

    @Test
    void weightsPerClassScoresBySupport() {
        int[] truth = {0, 0, 0, 1};
        float[][] probs = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};

        ClassificationReport report = ClassificationReport.of(List.of("a", "b"), truth, probs);

        // class a: p=1, r=2/3; class b: p=1/2, r=1
        assertThat(report.metrics().get("precision_macro")).isCloseTo(0.75, within(1e-12));
        assertThat(report.metrics().get("recall_weighted"))
                .isCloseTo(0.75 * 2 / 3 + 0.25, within(1e-12));
    }

    @Test
    void computesRegressionErrors() {
        Map<String, Double> m =
                RegressionReport.metrics(new double[] {1, 2, 3}, new float[][] {{1}, {2}, {5}});

        assertThat(m.get("mae")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.get("rmse")).isCloseTo(Math.sqrt(4.0 / 3), within(1e-12));
        assertThat(m.get("r2")).isCloseTo(1 - 4.0 / 2, within(1e-12));
    }

    @Test
    void readsGatesAndSelections() {
        Gate gate = Gate.parse(Map.of("accuracy", ">= 0.90", "vs", "champion", "tolerance", 0.005));

        assertThat(gate.thresholds()).singleElement().hasToString("accuracy >= 0.9");
        assertThat(gate.versusChampion()).isTrue();
        assertThat(gate.tolerance()).isEqualTo(0.005);
        assertThat(Gate.parse(Map.of("rmse", "< 2")).thresholds().getFirst().holds(1.5)).isTrue();
        assertThat(Selection.parse("min(rmse)").better(1, 2)).isTrue();
        assertThatThrownBy(() -> Selection.parse("best accuracy"))
                .hasMessageContaining("write max(METRIC) or min(METRIC)");
        assertThatThrownBy(() -> Gate.parse(Map.of("vs", "yesterday")))
                .hasMessageContaining("'vs: champion'");
    }
}
