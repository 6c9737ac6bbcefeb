package cn.tongban.hub.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command line. */
@Command(name = "tongban-hub", mixinStandardHelpOptions = true, version = "Tongban Hub 0.1.0",
        description = "Tongban Hub: the TEP/1 cross-region exchange hub and its tools.",
        subcommands = {CheckCommand.class, SealCommand.class, DirectoryCommand.class, PkiCommand.class,
                BenchCommand.class, AuditCommand.class})
public final class HubCommand implements Runnable {
    /** Exit code of a refusal (check) or an untrusted directory. */
    public static final int REFUSED = 1;
    /** Exit code of an unusable argument or file. */
    public static final int UNUSABLE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: check, seal, directory, pki, bench, audit (or run)");
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HubCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            cmd.getErr().flush();
            return UNUSABLE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
