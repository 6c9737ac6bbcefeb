package cn.tongban.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CreditCodeTest {
    /** shared/DOMAIN.md's valid examples. */
    @ParameterizedTest
    @ValueSource(strings = {"91350200776049653A", "11100000000013338W", "11370800MB28559184", "11440232MB2D06811W",
            "9135021359498494XQ"})
    void workedValidExamplesPass(String code) {
        assertThat(CreditCode.problem(code)).isNull();
        assertThat(CreditCode.isValid(code)).isTrue();
        assertThat(CreditCode.organisationCheck(code.substring(8, 16))).isEqualTo(code.charAt(16));
        assertThat(CreditCode.finalCheck(code.substring(0, 17))).isEqualTo(code.charAt(17));
    }

    @Test
    void workedInvalidExampleFailsBothChecks() {
        String code = "11370300MB28579060";
        assertThat(CreditCode.isValid(code)).isFalse();
        assertThat(CreditCode.problem(code)).contains("position 17");
        assertThat(CreditCode.organisationCheck("MB285790")).isEqualTo('5');
        assertThat(CreditCode.finalCheck("11370300MB2857906")).isEqualTo('H');
        // with position 17 right, the final check still fails
        assertThat(CreditCode.problem("11370300MB28579050")).contains("position 18");
    }

    /** X as the organisation check (r = 10) in 9135021359498494XQ; r = 11 gives 0. */
    @Test
    void organisationCheckMapsTenToXAndElevenToZero() {
        assertThat(CreditCode.organisationCheck("59498494")).isEqualTo('X');
        // 00000000 sums to 0: r = 11 - 0 = 11
        assertThat(CreditCode.organisationCheck("00000000")).isEqualTo('0');
    }

    /** Every single-character change of a valid code is refused, and by the right rule. */
    @ParameterizedTest
    @ValueSource(strings = {"91350200776049653A", "11100000000013338W", "11370800MB28559184", "11440232MB2D06811W",
            "9135021359498494XQ"})
    void everySingleCharacterMutationIsRefused(String code) {
        for (String m : Samples.mutations(code, CreditCode.ALPHABET + "IOZSVa-")) {
            String problem = CreditCode.problem(m);
            assertThat(problem).as(m).isNotNull();
            int at = firstDifference(code, m);
            char c = m.charAt(at);
            boolean shapeBroken = CreditCode.ALPHABET.indexOf(c) < 0 || (at >= 2 && at < 8 && !Character.isDigit(c));
            if (shapeBroken) {
                assertThat(problem).as(m).startsWith("not a unified social credit code");
            } else if (at >= 8 && at <= 16 && CreditCode.organisationCheck(m.substring(8, 16)) != m.charAt(16)) {
                assertThat(problem).as(m).contains("position 17");
            } else {
                // values 11 or 22 apart (e.g. 0 and M) escape the mod-11 check at 17: the mod-31 check catches them
                assertThat(problem).as(m).contains("position 18");
            }
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"91350200776049653", "91350200776049653AA", "91350200776049653a", "91350A00776049653A",
            "9I350200776049653A", "91350200776O49653A", "913502007760496 3A", "９1350200776049653A"})
    void malformedCodesAreRefused(String code) {
        assertThat(CreditCode.isValid(code)).isFalse();
        assertThat(CreditCode.problem(code)).isNotBlank();
    }

    @Test
    void allowListAcceptsCodesInUseThatFailTheCheckButNotMalformedOnes() {
        Set<String> allow = Set.of("11370300MB28579060");
        assertThat(CreditCode.isValid("11370300MB28579060", allow)).isTrue();
        assertThat(CreditCode.isValid("11370300MB28579060")).isFalse();
        // the list exempts that code only
        assertThat(CreditCode.isValid("11370300MB28579061", allow)).isFalse();
        assertThatThrownBy(() -> CreditCode.checkAllowList(Set.of("11370300mb28579060")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CreditCode.checkAllowList(allow)).containsExactly("11370300MB28579060");
    }

    static int firstDifference(String a, String b) {
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        throw new IllegalArgumentException("equal");
    }
}
