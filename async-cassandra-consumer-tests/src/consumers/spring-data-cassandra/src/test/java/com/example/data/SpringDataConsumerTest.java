package com.example.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.AsyncCassandraSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** Configured with spring.cassandra.* only: Spring Data and the starter's API run on one session. */
@SpringBootTest
class SpringDataConsumerTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    AsyncCassandraSession session;

    @Autowired
    ItemRepository items;

    @Test
    void oneSessionServesSpringDataAndTheStarter() {
        assertThat(context.getBeansOfType(CqlSession.class)).hasSize(1);
        assertThat(context.getBean(CqlSession.class)).isSameAs(session.getDriverSession());
        assertThat(session.getKeyspace()).isEqualTo("consumers");

        assertThat(items.findById(7)).contains(new Item(7, "item 7"));
        items.save(new Item(1000, "from Spring Data"));
        assertThat(session.execute("SELECT name FROM items WHERE id = 1000").join().one().getString(0))
                .isEqualTo("from Spring Data");
        items.deleteById(1000);
        assertThat(session.execute("SELECT name FROM items WHERE id = 1000").join().one()).isNull();
    }
}
