package cn.tongban.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceItemCodeTest {
    /** shared/DOMAIN.md's examples: 31 and 33 characters. */
    @ParameterizedTest
    @ValueSource(strings = {"11440232MB2D06811W4000117051000", "11370800MB285591843370117002011",
            "11370800MB28559184300011711200001"})
    void workedExamplesPass(String code) {
        assertThat(ServiceItemCode.problem(code)).isNull();
        assertThat(ServiceItemCode.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11440232MB2D06811W4000117051000", "11370800MB285591843370117002011",
            "11370800MB28559184300011711200001"})
    void singleCharacterMutationsOfTheBodysCodeOrToNonDigitsAreRefused(String code) {
        for (String m : Samples.mutations(code, CreditCode.ALPHABET + "IOa ")) {
            int at = CreditCodeTest.firstDifference(code, m);
            if (at < 18 || !Character.isDigit(m.charAt(at))) {
                assertThat(ServiceItemCode.problem(m)).as(m).isNotNull();
            } else {
                // the digits after the body's code carry no check: only the catalogue can tell
                assertThat(ServiceItemCode.problem(m)).as(m).isNull();
            }
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"11440232MB2D06811W400011705100", "11440232MB2D06811W40001170510000",
            "11440232MB2D06811W4000117051000000", "11440232MB2D06811W4000117051A00", "11440232MB2D06811X4000117051000",
            "114402323MB2D06811W000117051000"})
    void otherFormsAreRefused(String code) {
        assertThat(ServiceItemCode.problem(code)).isNotBlank();
    }

    @Test
    void theBodysCodeMayBeOnTheAllowList() {
        String code = "11370300MB28579060" + "3370117002011";
        assertThat(ServiceItemCode.problem(code)).contains("credit code");
        assertThat(ServiceItemCode.problem(code, Set.of("11370300MB28579060"))).isNull();
    }
}
