package io.github.asynccassandra.sample;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Who may call what. {@code /admin/**} (exports: they write files and scan the whole table) and every actuator
 * endpoint but health need a user with the {@code ADMIN} role; health stays open for load balancers' and
 * Kubernetes' probes (details only to an admin, {@code management.endpoint.health.show-details: when-authorized});
 * the users API is the sample's public API. The admin is Boot's configured user ({@code spring.security.user.*},
 * its password from the environment), over HTTP Basic; the README shows how to switch to an OAuth2 resource server.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    static final String ADMIN = "ADMIN";

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/admin/**").hasRole(ADMIN)
                        .matchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .matchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN)
                        .anyExchange().permitAll())
                .httpBasic(Customizer.withDefaults())
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // Credentials come with every request and nothing is kept between requests: no session, no cookie.
                // So no cross-site request can carry them, and CSRF tokens would protect nothing.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }
}
