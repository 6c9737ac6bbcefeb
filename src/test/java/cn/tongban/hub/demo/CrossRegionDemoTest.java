package cn.tongban.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The README's demo, run as a test: the whole chain with the real SOAP system and licence library simulators. */
class CrossRegionDemoTest {
    @Test
    void theDemoCaseCrossesRegionsAndItsDecisionComesBack() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit = CrossRegionDemo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("DEMO OK: the decision came back to Hebei (accepted)")
                .containsPattern("sent  case.submit +\\S+ → 370000  DELIVERED")
                .containsPattern("sent  license.verify +\\S+ → 130000  DELIVERED")
                .containsPattern("sent  license.verify.result +\\S+ → 370000  DELIVERED")
                .containsPattern("sent  case.status +\\S+ → 130000  DELIVERED")
                .contains("licences-checked");
        // personal data stays out of the trace: the applicant is an organisation, and no ID number is printed
        assertThat(out).doesNotContainPattern("(?<![0-9A-Za-z])\\d{17}[0-9X](?![0-9A-Za-z])");
    }
}
