package ai.continual.job.cli.models;

import picocli.CommandLine.Command;

/** {@code models <list|show|verify|promote|rollback|gc>}: inspect and manage the stored versions of a model. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, inspect, promote, roll back and garbage-collect stored model versions.",
        subcommands = {ListVersionsCommand.class, ShowVersionCommand.class, VerifyStoreCommand.class,
                PromoteCommand.class, RollbackCommand.class, GcCommand.class})
public final class ModelsCommand {}
