package dev.ferry.ml.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.ml.train.Task;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a Ferry-trained ONNX model says about itself in its metadata properties: the task, the class
 * names in output order, the trainer, its parameters and the training curves. Serving reads {@code
 * ferry.labels} to name classes; evaluation reads the curves to plot them.
 *
 * @param task classification or regression
 * @param labels class names, index i naming output column i (empty for regression)
 * @param trainer the step that trained it, e.g. {@code ferry/train-linear}
 * @param parameters the hyperparameters used, by name
 * @param curves per-epoch (or per-round) training metrics, by metric name
 */
public record ModelMetadata(
        Task task,
        List<String> labels,
        String trainer,
        Map<String, Object> parameters,
        Map<String, List<Double>> curves) {
    public static final String TASK = "ferry.task";
    public static final String LABELS = "ferry.labels";
    public static final String TRAINER = "ferry.trainer";
    public static final String PARAMETERS = "ferry.parameters";
    public static final String CURVES = "ferry.curves";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public ModelMetadata {
        labels = List.copyOf(labels);
        parameters = new TreeMap<>(parameters);
        curves = new TreeMap<>(curves);
    }

    /** The properties to write into the model. */
    public SortedMap<String, String> toProperties() {
        SortedMap<String, String> props = new TreeMap<>();
        props.put(TASK, task.name().toLowerCase(java.util.Locale.ROOT));
        props.put(LABELS, write(labels));
        props.put(TRAINER, trainer);
        props.put(PARAMETERS, write(parameters));
        props.put(CURVES, write(curves));
        return props;
    }

    /** Reads the properties of a model; missing ones become empty values. */
    public static ModelMetadata fromProperties(Map<String, String> props) {
        Task task = "regression".equals(props.get(TASK)) ? Task.REGRESSION : Task.CLASSIFICATION;
        return new ModelMetadata(
                task,
                read(props.getOrDefault(LABELS, "[]"), new TypeReference<List<String>>() {}),
                props.getOrDefault(TRAINER, ""),
                read(
                        props.getOrDefault(PARAMETERS, "{}"),
                        new TypeReference<Map<String, Object>>() {}),
                read(
                        props.getOrDefault(CURVES, "{}"),
                        new TypeReference<Map<String, List<Double>>>() {}));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ExportException("cannot write model metadata " + value, e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ExportException(
                    "unreadable Ferry metadata in the model: '"
                            + json
                            + "' ("
                            + e.getOriginalMessage()
                            + ")",
                    e);
        }
    }
}
