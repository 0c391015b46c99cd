package dev.ferry.ml.evaluate;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The evaluation's pictures as SVG: a confusion-matrix heat map and training curves. */
final class SvgPlots {
    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
    };

    String confusion(List<String> classes, long[][] counts) {
        int k = classes.size();
        int cell = Math.max(24, Math.min(56, 480 / Math.max(1, k)));
        int left = 90;
        int top = 60;
        int size = left + k * cell + 20;
        long max = 1;
        for (long[] row : counts) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        StringBuilder svg = header(size, top + k * cell + 40);
        svg.append(text(size / 2, 24, "Confusion matrix (rows: true, columns: predicted)", 14));
        for (int t = 0; t < k; t++) {
            svg.append(
                    text(
                            left - 10,
                            top + t * cell + cell / 2 + 4,
                            escape(classes.get(t)),
                            11,
                            "end"));
            svg.append(text(left + t * cell + cell / 2, top - 8, escape(classes.get(t)), 11));
            for (int p = 0; p < k; p++) {
                double shade = counts[t][p] / (double) max;
                int light = (int) Math.round(255 - 200 * shade);
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                                        + " fill=\"rgb(%d,%d,255)\" stroke=\"#fff\"/>%n",
                                left + p * cell,
                                top + t * cell,
                                cell,
                                cell,
                                light,
                                light));
                svg.append(
                        text(
                                left + p * cell + cell / 2,
                                top + t * cell + cell / 2 + 4,
                                Long.toString(counts[t][p]),
                                10));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /** One line per candidate and metric; x is the epoch or round. */
    String curves(Map<String, List<Double>> series) {
        int width = 640;
        int height = 360;
        int left = 60;
        int right = 180;
        int top = 40;
        int bottom = 40;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int longest = 1;
        for (List<Double> values : series.values()) {
            longest = Math.max(longest, values.size());
            for (double v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            min = min == Double.POSITIVE_INFINITY ? 0 : min - 1;
            max = min + 2;
        }
        StringBuilder svg = header(width, height);
        svg.append(text(width / 2, 22, "Training curves", 14));
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                                + " stroke=\"#999\"/>%n",
                        left,
                        top,
                        plotW,
                        plotH));
        svg.append(text(left - 6, top + 4, String.format(Locale.ROOT, "%.3g", max), 10, "end"));
        svg.append(text(left - 6, top + plotH, String.format(Locale.ROOT, "%.3g", min), 10, "end"));
        svg.append(text(left + plotW / 2, height - 10, "epoch / round (1.." + longest + ")", 11));
        int i = 0;
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            String color = COLORS[i % COLORS.length];
            StringBuilder points = new StringBuilder();
            List<Double> values = entry.getValue();
            for (int x = 0; x < values.size(); x++) {
                double px =
                        left + (longest == 1 ? plotW / 2.0 : plotW * x / (double) (longest - 1));
                double py = top + plotH * (max - values.get(x)) / (max - min);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                                    + " points=\"%s\"/>%n",
                            color,
                            points.toString().trim()));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n",
                            width - right + 10,
                            top + i * 18,
                            color));
            svg.append(
                    text(
                            width - right + 26,
                            top + i * 18 + 9,
                            escape(entry.getKey()),
                            10,
                            "start"));
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(int width, int height) {
        return new StringBuilder(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n"
                                + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>%n",
                        width,
                        height,
                        width,
                        height));
    }

    private static String text(int x, int y, String content, int size) {
        return text(x, y, content, size, "middle");
    }

    private static String text(int x, int y, String content, int size, String anchor) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
                x,
                y,
                size,
                anchor,
                content);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
