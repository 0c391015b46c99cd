package dev.ferry.serving.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.DataType;
import dev.ferry.serving.ModelLoadException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigReaderTest {

    @Test
    void readsEveryFieldTheServerUses() {
        String text =
                """
                # comment
                name: "m"
                backend: "onnxruntime"
                max_batch_size: 8
                default_model_filename: "net.onnx"
                input [ { name: "x" data_type: TYPE_FP32 dims: [ 3, -1 ] } ]
                output [ { name: "y", data_type: TYPE_STRING, dims: [ 1 ] } ]
                version_policy: { specific { versions: [1, 3] } }
                dynamic_batching {
                  preferred_batch_size: [ 4, 8 ]
                  max_queue_delay_microseconds: 500
                  default_queue_policy { max_queue_size: 32 default_timeout_microseconds: 100000 }
                }
                instance_group [ { count: 2 kind: KIND_CPU }, { count: 1 } ]
                parameters { key: "intra_op_thread_count" value: { string_value: "2" } }
                """;
        ModelConfig c = ModelConfigReader.read("m", text);
        assertThat(c.runtime()).hasValue("onnxruntime");
        assertThat(c.maxBatchSize()).isEqualTo(8);
        assertThat(c.defaultModelFilename()).hasValue("net.onnx");
        assertThat(c.inputs().getFirst().datatype()).isEqualTo(DataType.FP32);
        assertThat(c.outputs().getFirst().datatype()).isEqualTo(DataType.BYTES);
        assertThat(c.declaredSignature().orElseThrow().inputs().getFirst().shape())
                .containsExactly(-1L, 3L, -1L);
        assertThat(c.versionPolicy().select(List.of(1L, 2L, 3L))).containsExactly(1L, 3L);
        assertThat(c.batching().orElseThrow().preferredBatchSizes()).containsExactly(4, 8);
        assertThat(c.batching().orElseThrow().maxQueueDelayMicros()).isEqualTo(500);
        assertThat(c.batching().orElseThrow().maxQueueSize()).isEqualTo(32);
        assertThat(c.batching().orElseThrow().defaultTimeoutMicros()).isEqualTo(100000);
        assertThat(c.instanceCount()).isEqualTo(3);
        assertThat(c.parameters()).containsEntry("intra_op_thread_count", "2");
    }

    @Test
    void defaultsToTheLatestVersionAndOneInstance() {
        ModelConfig c = ModelConfigReader.read("m", "platform: \"onnxruntime_onnx\"");
        assertThat(c.versionPolicy().select(List.of(3L, 1L, 2L))).containsExactly(3L);
        assertThat(c.instanceCount()).isEqualTo(1);
        assertThat(c.declaredSignature()).isEmpty();
        assertThat(
                        ModelConfigReader.read(
                                        "m", "version_policy: { latest { num_versions: 2 } }")
                                .versionPolicy()
                                .select(List.of(1L, 2L, 3L)))
                .containsExactly(2L, 3L);
        assertThat(
                        ModelConfigReader.read("m", "version_policy: { all { } }")
                                .versionPolicy()
                                .select(List.of(2L, 1L)))
                .containsExactly(1L, 2L);
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        assertThatThrownBy(() -> ModelConfigReader.read("m", "name: \"m\"\ninput [ { name: \"x\" "))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> ModelConfigReader.read("m", "name: \"unterminated"))
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> ModelConfigReader.read("m", "{".repeat(100)))
                .isInstanceOf(ModelLoadException.class);
    }

    @Test
    void rejectsWhatItCannotServe() {
        assertThatThrownBy(() -> ModelConfigReader.read("m", "name: \"other\""))
                .hasMessageContaining("directory is 'm'");
        assertThatThrownBy(() -> ModelConfigReader.read("m", "max_batch_size: -1"))
                .hasMessageContaining("max_batch_size must be >= 0");
        assertThatThrownBy(
                        () ->
                                ModelConfigReader.read(
                                        "m",
                                        "input [{ name: \"x\" data_type: TYPE_COMPLEX dims: [1]"
                                                + " }]"))
                .hasMessageContaining("unknown data_type TYPE_COMPLEX");
        assertThatThrownBy(() -> ModelConfigReader.read("m", "max_batch_size: 99999999999"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(
                        () ->
                                ModelConfigReader.read(
                                        "m",
                                        "input [{ name: \"x\" data_type: TYPE_FP32 dims: [1] }, {"
                                                + " name: \"x\" data_type: TYPE_FP32 dims: [1] }]"))
                .hasMessageContaining("declared twice");
    }
}
