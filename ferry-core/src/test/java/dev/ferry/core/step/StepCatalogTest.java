package dev.ferry.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.FerryException;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepCatalogTest {

    /** A second, differently named step to look up beside the built-in one. */
    static final class Split implements Step {
        @Override
        public String name() {
            return "ferry/split";
        }

        @Override
        public String version() {
            return "2.1";
        }

        @Override
        public StepSignature signature() {
            return new StepSignature(Set.of("dataset"), Set.of(), Set.of("train", "eval"));
        }

        @Override
        public void execute(StepContext context) {
            context.value("train", context.require("dataset"));
        }
    }

    @Test
    void discoversTheCoreStepsThroughServiceLoader() {
        assertThat(StepCatalog.discover().names()).contains("ferry/fetch-file");
        assertThat(StepCatalog.discover().find("ferry/fetch-file"))
                .get()
                .isInstanceOf(FetchFile.class);
    }

    @Test
    void findsAStepByNameAndOptionalVersion() {
        StepCatalog catalog = new StepCatalog(List.of(new FetchFile(), new Split()));
        assertThat(catalog.find("ferry/split")).get().isInstanceOf(Split.class);
        assertThat(catalog.find("ferry/split@2")).isPresent();
        assertThat(catalog.find("ferry/split@2.1")).isPresent();
        assertThat(catalog.find("ferry/split@3")).isEmpty();
        assertThat(catalog.find("ferry/splat")).isEmpty();
        assertThat(catalog.names()).containsExactly("ferry/fetch-file", "ferry/split");
    }

    @Test
    void explainsAMissingStep() {
        StepCatalog catalog = new StepCatalog(List.of(new FetchFile(), new Split()));
        assertThat(catalog.explainMissing("ferry/splt"))
                .isEqualTo(
                        "unknown step 'ferry/splt' (did you mean 'ferry/split'?); available:"
                                + " ferry/fetch-file, ferry/split");
        assertThat(catalog.explainMissing("ferry/split@3"))
                .isEqualTo("step 'ferry/split' is installed in version 2.1, not 3");
    }

    @Test
    void rejectsTwoStepsWithOneName() {
        Step impostor =
                new Step() {
                    @Override
                    public String name() {
                        return "ferry/split";
                    }

                    @Override
                    public String version() {
                        return "1";
                    }

                    @Override
                    public StepSignature signature() {
                        return new StepSignature(Set.of(), Set.of(), Set.of());
                    }

                    @Override
                    public void execute(StepContext context) {}
                };
        assertThatThrownBy(() -> new StepCatalog(List.of(new Split(), impostor)))
                .isInstanceOf(FerryException.class)
                .hasMessageStartingWith("two built-in steps are named 'ferry/split'");
    }
}
