package dev.ferry.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputNamesTest {

    @Test
    void anUndeclaredOutputIsNamedByItsFileNameWithoutExtension() {
        assertThat(OutputCollector.stem("model.onnx")).isEqualTo("model");
        assertThat(OutputCollector.stem("data.tar.gz")).isEqualTo("data.tar");
        assertThat(OutputCollector.stem("report")).isEqualTo("report");
        assertThat(OutputCollector.stem(".hidden")).isEqualTo(".hidden");
    }
}
