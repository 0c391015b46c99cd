package dev.ferry.cli;

import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.NothingToPromoteException;
import dev.ferry.gitops.promotion.Promoter;
import dev.ferry.gitops.promotion.PromotionRequest;
import dev.ferry.gitops.promotion.PromotionRequests;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.step.PromotionService;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ferry/promote}'s access to the desired-state repository of the workspace ({@code
 * HOME/gitops.git} with the layout it records, else branches {@code staging} and {@code main}; the
 * configured remote).
 */
final class WorkspacePromotions implements PromotionService {
    private final Workspace ws;

    WorkspacePromotions(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public Outcome promote(PromotionRequest request, Map<String, String> trailers, String gate) {
        try (DesiredStateRepository repo =
                DesiredStateRepository.open(
                        ws.config().home().resolve(GitOpsOptions.DEFAULT_DIRECTORY))) {
            GitOpsLayout layout = GitOpsOptions.recorded(ws, repo);
            Upstream upstream = GitOpsOptions.upstream(ws, repo);
            Promoter promoter =
                    new Promoter(repo, layout, ws.registry(), ManifestLoader.standard());
            CommitInfo commit;
            ModelVersion version;
            boolean created;
            try {
                Promoter.Promotion p =
                        upstream.write(
                                layout.staging().branch(),
                                () -> promoter.promote(request, trailers));
                commit = p.commit();
                version = p.version();
                created = true;
            } catch (NothingToPromoteException e) {
                // A resumed or repeated run finds its change already there: that is success.
                commit = e.head();
                version = ws.registry().require(request.model());
                created = false;
            }
            Optional<Promotion> opened = Optional.empty();
            if (!gate.equals("none")) {
                try (StagingServer staging = StagingServer.open(ws, gate)) {
                    PromotionRequests requests =
                            new PromotionRequests(
                                    repo,
                                    layout,
                                    upstream,
                                    new DesiredStateReader(repo, ManifestLoader.standard()),
                                    ws.promotions(),
                                    ws.clock(),
                                    Ids.system());
                    opened =
                            Optional.of(
                                    requests.open(request.deployment(), staging.gate(ws, repo)));
                }
            }
            return new Outcome(commit, created, version, opened);
        }
    }
}
