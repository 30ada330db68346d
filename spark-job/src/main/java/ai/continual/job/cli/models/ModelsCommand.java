package ai.continual.job.cli.models;

import picocli.CommandLine.Command;

/** {@code models <list|show|verify|promote|rollback|gc|repair|unlock>}: inspect and manage the stored versions of a model. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, inspect, verify, promote, roll back, garbage-collect and repair stored model versions;"
                + " unlock a crashed run's lease.",
        subcommands = {ListVersionsCommand.class, ShowVersionCommand.class, VerifyStoreCommand.class,
                PromoteCommand.class, RollbackCommand.class, GcCommand.class, RepairCommand.class,
                UnlockCommand.class})
public final class ModelsCommand {}
