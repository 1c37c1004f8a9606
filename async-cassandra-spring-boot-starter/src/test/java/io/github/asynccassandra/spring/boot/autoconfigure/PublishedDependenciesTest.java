package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an application gets by adding the starter: no Micrometer unless it has Micrometer itself. Reads
 * the poms that are published (the starter's and the core's), since the starter's runtime dependencies
 * are theirs.
 */
class PublishedDependenciesTest {

    @Test
    void neitherTheStarterNorTheCoreBringsMicrometerIn() throws Exception {
        for (Path pom : List.of(Path.of("pom.xml"), Path.of("../async-cassandra-core/pom.xml"),
                Path.of("../async-cassandra-bulk/pom.xml"))) {
            assertThat(micrometerDependenciesInherited(pom)).as(pom + ": Micrometer dependencies that are neither "
                    + "optional nor test-scoped").isEmpty();
        }
    }

    private static List<String> micrometerDependenciesInherited(Path pom) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        NodeList dependencies = ((Element) project.getElementsByTagName("dependencies").item(0))
                .getElementsByTagName("dependency");
        List<String> inherited = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
            boolean optional = "true".equals(text(dependency, "optional"));
            boolean test = "test".equals(text(dependency, "scope"));
            if (coordinates.contains("micrometer") && !optional && !test) {
                inherited.add(coordinates);
            }
        }
        return inherited;
    }

    private static String text(Element dependency, String tag) {
        NodeList nodes = dependency.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
