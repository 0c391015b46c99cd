package dev.ferry.core.engine;

import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code suspend:} step waiting for {@code ferry approve}. Approvals are events in the metadata
 * store, so they may come from any process; the waiting step polls for them.
 */
final class Approval {
    private final RunExecution execution;
    private final StepRecords records;

    Approval(RunExecution execution, StepRecords records) {
        this.execution = execution;
        this.records = records;
    }

    PointResult await(String step, int index, Map<String, Object> inputs) {
        Optional<StepRunRecord> waiting = execution.history().waiting(step, index);
        if (waiting.isPresent()) {
            records.continueWith(waiting.get());
        } else {
            records.suspended(execution.history().nextAttempt(step, index), inputs);
        }
        execution.suspendedStep(step);
        try {
            long after = 0;
            while (true) {
                for (EventRecord event :
                        execution.parts().metadata().events(execution.run().id(), after)) {
                    after = Math.max(after, event.seq());
                    if (RunEvents.STEP_APPROVED.equals(event.type())
                            && step.equals(event.data().get("step"))) {
                        String by = String.valueOf(event.data().getOrDefault("by", "unknown"));
                        records.approved(by);
                        return new PointResult(
                                StepState.SUCCEEDED, Map.of("approved_by", by), Optional.empty());
                    }
                }
                if (!pause()) {
                    records.abandoned("cancelled while waiting for approval");
                    return new PointResult(
                            StepState.CANCELLED,
                            Map.of(),
                            Optional.of("cancelled while waiting for approval"));
                }
            }
        } finally {
            execution.resumedStep();
        }
    }

    private boolean pause() {
        execution.enter();
        try {
            Thread.sleep(execution.parts().options().approvalPoll());
            return !execution.isCancelled();
        } catch (InterruptedException e) {
            return false;
        } finally {
            execution.leave();
        }
    }
}
