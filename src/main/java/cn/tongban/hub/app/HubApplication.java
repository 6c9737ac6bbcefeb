package cn.tongban.hub.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The running hub ({@code java -jar tongban-hub.jar run}). Spring Integration is on the class path for the pull
 * lock's classes only ({@code adapters.pull.PullLock}); its auto-configuration (channels, a task scheduler) is
 * left out.
 */
@SpringBootApplication(scanBasePackages = {"cn.tongban.hub.app", "cn.tongban.hub.transport", "cn.tongban.hub.api",
        "cn.tongban.hub.adapters", "cn.tongban.hub.ops", "cn.tongban.hub.security", "cn.tongban.hub.console"},
        excludeName = "org.springframework.boot.autoconfigure.integration.IntegrationAutoConfiguration")
public class HubApplication {
    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(HubApplication.class, args);
    }
}
