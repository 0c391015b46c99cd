package dev.ferry.gitops.desired;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.gitops.repository.CommitInfo;
import java.util.List;
import java.util.Optional;

/** The deployments a commit declares, or why the commit cannot be applied. */
public sealed interface DesiredState {

    /** The commit that was read. */
    CommitInfo commit();

    /** Every manifest at the commit is valid. */
    record Accepted(CommitInfo commit, List<ModelDeployment> deployments) implements DesiredState {
        public Accepted {
            deployments = List.copyOf(deployments);
        }

        public Optional<ModelDeployment> find(String name) {
            return deployments.stream().filter(d -> d.name().equals(name)).findFirst();
        }
    }

    /** At least one manifest at the commit is invalid: nothing of the commit may be applied. */
    record Refused(CommitInfo commit, List<Problem> problems) implements DesiredState {
        public Refused {
            problems = List.copyOf(problems);
        }

        /** The status line shown for the commit, e.g. in {@code ferry deployments}. */
        public String status() {
            return "refused commit "
                    + commit.shortId()
                    + " ("
                    + commit.subject()
                    + "): "
                    + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems")
                    + "; first: "
                    + problems.getFirst().render();
        }
    }
}
