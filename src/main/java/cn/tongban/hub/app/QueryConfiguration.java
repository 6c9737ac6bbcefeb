package cn.tongban.hub.app;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.queries.QueryAdapter;
import cn.tongban.hub.queries.QueryService;
import cn.tongban.hub.queries.QueryTicketStore;
import cn.tongban.hub.queries.QueryWaits;
import cn.tongban.hub.queries.RealEstateRegistry;

/** Wires data.query: the ticket store, the local query adapters configured, and the service. */
@Configuration(proxyBeanMethods = false)
public class QueryConfiguration {
    @Bean
    QueryWaits queryWaits(HubProperties p) {
        return new QueryWaits(p.getQueries().getDefaultWait(), p.getQueries().getMaxWait());
    }

    @Bean
    QueryTicketStore queryTicketStore(JdbcTemplate jdbc) {
        return new QueryTicketStore(jdbc);
    }

    @Bean
    QueryService queryService(HubProperties p, OutboundExchange outbound, QueryTicketStore tickets, Clock clock,
                              List<QueryAdapter> extraAdapters) throws IOException {
        List<QueryAdapter> adapters = new ArrayList<>(extraAdapters);
        if (p.getQueries().getRealEstateData() != null && !p.getQueries().getRealEstateData().toString().isBlank()) {
            adapters.add(new RealEstateRegistry(p.getQueries().getRealEstateData()));
        }
        return new QueryService(outbound, tickets, adapters, clock);
    }
}
