package dev.ferry.bench.engine;

/** The YAML manifests the engine benchmark runs. */
final class Pipelines {
    private Pipelines() {}

    /** {@code n} no-op built-in steps, each needing the one before. */
    static String builtinChain(int n) {
        StringBuilder yaml = header("builtin-chain");
        for (int i = 0; i < n; i++) {
            yaml.append("    - name: s")
                    .append(i)
                    .append('\n')
                    .append("      uses: bench/noop\n")
                    .append("      cache: false\n");
            if (i > 0) {
                yaml.append("      needs: [s").append(i - 1).append("]\n");
            }
        }
        return yaml.toString();
    }

    /** {@code n} steps running {@code true}, each needing the one before. */
    static String processChain(int n) {
        StringBuilder yaml = header("process-chain");
        for (int i = 0; i < n; i++) {
            yaml.append("    - name: p")
                    .append(i)
                    .append('\n')
                    .append("      run: [\"true\"]\n")
                    .append("      cache: false\n");
            if (i > 0) {
                yaml.append("      needs: [p").append(i - 1).append("]\n");
            }
        }
        return yaml.toString();
    }

    /** One no-op built-in step fanned out over a matrix of {@code n} points. */
    static String fanOut(int n) {
        StringBuilder yaml = header("fan-out-" + n);
        yaml.append("    - name: wide\n")
                .append("      uses: bench/noop\n")
                .append("      cache: false\n")
                .append("      matrix:\n")
                .append("        i: [");
        for (int i = 0; i < n; i++) {
            yaml.append(i > 0 ? ", " : "").append(i);
        }
        yaml.append("]\n").append("      with:\n").append("        i: ${{ matrix.i }}\n");
        return yaml.toString();
    }

    /** Ten process steps, each writing a small artifact the next one reads. */
    static String tenSteps() {
        StringBuilder yaml = header("ten-steps");
        for (int i = 0; i < 10; i++) {
            yaml.append("    - name: t")
                    .append(i)
                    .append('\n')
                    .append("      run: [sh, -c, 'echo ")
                    .append(i)
                    .append(" > \"$FERRY_OUTPUTS/out.txt\"']\n");
            if (i > 0) {
                yaml.append("      with:\n")
                        .append("        previous: ${{ steps.t")
                        .append(i - 1)
                        .append(".outputs.out }}\n");
            }
        }
        return yaml.toString();
    }

    private static StringBuilder header(String name) {
        return new StringBuilder()
                .append("apiVersion: ferry.dev/v1\n")
                .append("kind: Pipeline\n")
                .append("metadata:\n")
                .append("  name: ")
                .append(name)
                .append('\n')
                .append("spec:\n")
                .append("  steps:\n");
    }
}
