package cn.tongban.hub;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import cn.tongban.hub.cli.HubCommand;

/**
 * The jar's entry point. {@code run} starts the hub (Spring Boot and Camel); every other verb is the command
 * line, which starts no server and loads no Spring class, so that scripts can call it hundreds of times.
 */
public final class TongbanHub {
    private TongbanHub() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            cn.tongban.hub.app.HubApplication.start(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("demo")) {
            try {
                cn.tongban.hub.demo.CrossRegionDemo.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            } catch (Exception e) {
                System.err.println("demo failed: " + e);
                System.exit(1);
            }
            return;
        }
        // Registering Bouncy Castle's JCA provider costs about a second of class loading, on one core; the
        // other core meanwhile parses arguments and reads files, so a command answers that much sooner.
        Thread warmUp = new Thread(() -> cn.tongban.hub.crypto.BouncyCastle.PROVIDER.getName(), "bc-provider-init");
        warmUp.setDaemon(true);
        warmUp.start();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(HubCommand.execute(args, out, err));
    }
}
