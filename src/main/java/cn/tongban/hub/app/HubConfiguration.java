package cn.tongban.hub.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.ProducerTemplate;
import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.api.PortSeparationFilter;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.exchange.DeliveryObserver;
import cn.tongban.hub.exchange.DeliveryWorker;
import cn.tongban.hub.exchange.DirectDelivery;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.ExchangeEvents;
import cn.tongban.hub.exchange.HandoverRelay;
import cn.tongban.hub.exchange.InboundExchange;
import cn.tongban.hub.exchange.NodeCredentials;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.RetryPolicy;
import cn.tongban.hub.routes.BrokerQueues;
import cn.tongban.hub.routes.ExchangeRoutes;
import cn.tongban.hub.routes.Queues;
import cn.tongban.hub.routes.RouteCounters;
import cn.tongban.hub.store.DirectoryStore;
import cn.tongban.hub.store.EmbeddedStoreCompaction;
import cn.tongban.hub.store.GroupCommit;
import cn.tongban.hub.store.HandlingLedger;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundStore;
import cn.tongban.hub.transport.TepHttpClient;
import cn.tongban.hub.transport.TransportSettings;

/** Assembles one hub from {@link HubProperties}: every bean of the exchange is declared here, explicitly. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
public class HubConfiguration {

    /** The hub's time; tests put a fixed one beside it as @Primary. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NodeCredentials nodeCredentials(HubProperties p, Clock clock) throws IOException {
        return CredentialsLoader.load(p, clock);
    }

    @Bean
    SSLContext transportTls(HubProperties p) throws IOException {
        return CredentialsLoader.transportTls(p);
    }

    @Bean
    HandlingLedger handlingLedger(JdbcTemplate jdbc, Clock clock) {
        return new HandlingLedger(jdbc, clock);
    }

    /** One writer per hub for the exchange's hot-path writes, shared by both stores (one commit for both). */
    @Bean(destroyMethod = "close")
    GroupCommit groupCommit(JdbcTemplate jdbc, HubProperties p) {
        return new GroupCommit(jdbc, p.getDelivery().getGroupCommit(), p.getDelivery().getGroupCommitWindow());
    }

    /**
     * The embedded H2 file store's sparse chunks rewritten while the hub runs (H2's own housekeeping does not run when
     * every commit is written at once); only for {@code jdbc:h2:file:} URLs.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(
            "T(cn.tongban.hub.store.EmbeddedStoreCompaction).appliesTo('${spring.datasource.url:}')")
    EmbeddedStoreCompaction embeddedStoreCompaction(DataSource dataSource, HubProperties p) {
        EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(dataSource, p.getStore().getCompactionWrite().toBytes());
        Duration every = p.getStore().getCompactionInterval();
        return every.isZero() || every.isNegative() ? compaction : compaction.start(every);
    }

    @Bean
    InboundStore inboundStore(JdbcTemplate jdbc, GroupCommit group) {
        return new InboundStore(jdbc, group);
    }

    @Bean
    OutboundStore outboundStore(JdbcTemplate jdbc, GroupCommit group) {
        return new OutboundStore(jdbc, group);
    }

    @Bean
    DirectoryStore directoryStore(JdbcTemplate jdbc) {
        return new DirectoryStore(jdbc);
    }

    @Bean(initMethod = "start")
    DirectoryService directoryService(HubProperties p, NodeCredentials me, SSLContext tls, DirectoryStore store, Clock clock,
                                      AuditTrail audit) throws IOException {
        DirectoryPublisher selfPublisher = null;
        HubProperties.Directory d = p.getDirectory();
        if (isSet(d.getSignerKey()) && isSet(d.getSignerCertificate())) {
            selfPublisher = new DirectoryPublisher(CredentialsLoader.directorySignerKey(p),
                    Pem.readCertificates(d.getSignerCertificate()), clock);
        }
        return new DirectoryService(me, CredentialsLoader.directorySource(p, tls), store, clock, selfPublisher, audit);
    }

    /** An empty value ({@code --tongban.directory.signer-key=}) switches a default file off. */
    private static boolean isSet(java.nio.file.Path p) {
        return p != null && !p.toString().isBlank();
    }

    @Bean(destroyMethod = "shutdown")
    BrokerQueues brokerQueues(ProducerTemplate producer, DataSource dataSource, jakarta.jms.ConnectionFactory broker) {
        return new BrokerQueues(producer, dataSource, broker);
    }

    @Bean(destroyMethod = "shutdown")
    HandoverRelay handoverRelay(InboundStore store, BrokerQueues queues, Clock clock) {
        return new HandoverRelay(store, queues, clock);
    }

    @Bean
    InboundExchange inboundExchange(DirectoryService directory, NodeCredentials me, InboundStore store, HandoverRelay relay,
                                    Clock clock, ObjectProvider<ExchangeEvents> events, AuditTrail audit) {
        return new InboundExchange(directory, me.sealer(), store, relay, clock, events.getIfAvailable(() -> ExchangeEvents.NONE),
                audit);
    }

    /** First attempts at once on the submitting instance; retries and overflow through the broker's tep.out. */
    @Bean(destroyMethod = "shutdown")
    DirectDelivery directDelivery(HubProperties p, DeliveryWorker worker, BrokerQueues queues, GroupCommit group) {
        java.time.Duration attempt = p.getRetry().getConnectTimeout().plus(p.getRetry().getRequestTimeout());
        java.time.Duration drain = attempt.compareTo(java.time.Duration.ofSeconds(10)) < 0 ? attempt : java.time.Duration.ofSeconds(10);
        return new DirectDelivery(worker, queues, p.getDelivery().getConcurrency(), DIRECT_WAITING, drain,
                group::insideTransaction);
    }

    /** Submissions waiting for a first-attempt thread at most; the rest go straight on tep.out. */
    static final int DIRECT_WAITING = 1_000;

    @Bean
    OutboundExchange outboundExchange(HubProperties p, NodeCredentials me, DirectoryService directory, OutboundStore store,
                                      DirectDelivery queue, Clock clock, ObjectProvider<ExchangeEvents> events, AuditTrail audit) {
        return new OutboundExchange(me, directory, store, queue, clock, p.getRetry().getMessageLifetime(),
                events.getIfAvailable(() -> ExchangeEvents.NONE), audit);
    }

    @Bean
    RetryPolicy retryPolicy(HubProperties p) {
        HubProperties.Retry r = p.getRetry();
        return new RetryPolicy(r.getInitialBackoff(), r.getMaxBackoff(), r.getMultiplier(), r.getJitter());
    }

    @Bean
    DeliveryWorker deliveryWorker(HubProperties p, DirectoryService directory, OutboundStore store, SSLContext tls,
                                  RetryPolicy retry, Clock clock, ObjectProvider<DeliveryObserver> observer,
                                  ObjectProvider<ExchangeEvents> events, AuditTrail audit) {
        TepHttpClient client = new TepHttpClient(tls, p.getRetry().getConnectTimeout(), p.getRetry().getRequestTimeout());
        if (p.getDelivery().getLease().compareTo(p.getRetry().getRequestTimeout().plus(p.getRetry().getConnectTimeout())) <= 0) {
            // a lease that ends while its attempt may still be waiting for an answer lets a second consumer send too
            throw new IllegalStateException("tongban.delivery.lease must be longer than tongban.retry.connect-timeout + request-timeout");
        }
        // an observer bean is optional (the exchange benchmark registers one to time each delivery)
        return new DeliveryWorker(directory, store, client, retry, clock, p.getDelivery().getLease(),
                observer.getIfAvailable(() -> DeliveryObserver.NONE), events.getIfAvailable(() -> ExchangeEvents.NONE), audit);
    }

    @Bean
    ExchangeRoutes exchangeRoutes(HubProperties p, DeliveryWorker worker, OutboundStore store, HandoverRelay relay,
                                  BrokerQueues queues, Clock clock, DirectoryService directory) {
        HubProperties.Delivery d = p.getDelivery();
        return new ExchangeRoutes(worker, store, relay, queues, d.getConcurrency(), d.getSweepInterval().toMillis(), d.getSweepGrace(),
                d.getHandoverInterval().toMillis(), clock, directory, p.getDirectory().getRefresh().toMillis());
    }

    /** Each route's finished and failed exchanges, for the operators' route status (Camel picks the notifier bean up). */
    @Bean
    RouteCounters routeCounters() {
        return new RouteCounters();
    }

    @Bean
    TransportSettings transportSettings(HubProperties p) {
        return new TransportSettings(p.getLimits().getMaxBodySize().toBytes(), p.getLimits().getBodyReadTimeout());
    }

    @Bean
    FilterRegistrationBean<PortSeparationFilter> portSeparation(HubProperties p) {
        FilterRegistrationBean<PortSeparationFilter> r = new FilterRegistrationBean<>(new PortSeparationFilter());
        r.setOrder(Integer.MIN_VALUE);
        return r;
    }

    /** Refuses an unprotected TEP endpoint key before the web server reads it (see {@link CredentialsLoader#checkTepBundleKey}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tepKeyProtection(HubProperties p, Environment env) {
        return f -> {
            try {
                CredentialsLoader.checkTepBundleKey(p, env);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The local API's own plain-HTTP connector, beside the mutual-TLS one of {@code server.*}. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiConnector(HubProperties p) {
        return f -> {
            Connector c = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            c.setPort(p.getApi().getPort());
            c.setProperty("address", p.getApi().getAddress());
            f.addAdditionalTomcatConnectors(c);
        };
    }

    /**
     * Broker settings the exchange relies on: duplicate detection remembered across restarts (the hand-over's
     * idempotence), and a dead-letter queue for route failures that exhaust their redeliveries, so that no
     * accepted message silently disappears.
     */
    @Bean
    ArtemisConfigurationCustomizer brokerSettings() {
        return config -> {
            config.setIDCacheSize(200_000);
            config.setPersistIDCache(true);
            config.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                    .setMaxDeliveryAttempts(10)
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2)
                    .setMaxRedeliveryDelay(60_000)
                    .setAutoCreateDeadLetterResources(true)
                    .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryQueue"))
                    .setAutoCreateExpiryResources(true));
            config.addAddressSetting(Queues.OUTBOUND, new AddressSettings()
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                    .setMaxDeliveryAttempts(-1)
                    .setRedeliveryDelay(1000)
                    .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryQueue"))
                    .setAutoCreateExpiryResources(true));
        };
    }
}
