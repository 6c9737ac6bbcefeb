package cn.tongban.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {
    static final LocalDate TODAY = Samples.TODAY;

    /** shared/DOMAIN.md's examples; 440524 (潮阳县) has long been retired and stays valid inside a number. */
    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524188001010014"})
    void workedExamplesPass(String id) {
        assertThat(ResidentIdNumber.problem(id, TODAY)).isNull();
        assertThat(ResidentIdNumber.isValid(id)).isTrue();
        assertThat(ResidentIdNumber.checkChar(id.substring(0, 17))).isEqualTo(id.charAt(17));
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524188001010014"})
    void everySingleCharacterMutationIsRefused(String id) {
        for (String m : Samples.mutations(id, "0123456789Xx ")) {
            assertThat(ResidentIdNumber.problem(m, TODAY)).as(PersonalData.maskIdNumber(m)).isNotNull();
        }
    }

    @Test
    void retiredAddressCodeStaysValid() {
        // Laiwu (371200) retired in 2019; people registered there keep their number
        String id = withCheck("37120019800101001");
        assertThat(ResidentIdNumber.problem(id, TODAY)).isNull();
        assertThat(DivisionCode.isCurrent("371200", TODAY)).isFalse();
        assertThat(DivisionCode.isKnown("371200")).isTrue();
    }

    @Test
    void birthDateMustBeARealDateNotInTheFuture() {
        assertThat(ResidentIdNumber.problem(withCheck("11010519490230002"), TODAY)).contains("not a real date");
        assertThat(ResidentIdNumber.problem(withCheck("11010519491331002"), TODAY)).contains("not a real date");
        assertThat(ResidentIdNumber.problem(withCheck("11010520230229002"), TODAY)).contains("not a real date");
        assertThat(ResidentIdNumber.problem(withCheck("11010520240229002"), TODAY)).isNull();
        assertThat(ResidentIdNumber.problem(withCheck("11010520250601002"), TODAY)).isNull();
        assertThat(ResidentIdNumber.problem(withCheck("11010520250602002"), TODAY)).contains("future");
    }

    @Test
    void checkCharacterXIsUpperCase() {
        assertThat(ResidentIdNumber.problem("11010519491231002x", TODAY)).contains("upper case");
    }

    @Test
    void checkValueTenIsX() {
        assertThat(ResidentIdNumber.checkChar("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.checkChar("44052418800101001")).isEqualTo('4');
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"11010519491231002", "11010519491231002X1", "1101051949123100XX", "A1010519491231002X",
            "01010519491231002X", "110105 9491231002X"})
    void malformedNumbersAreRefused(String id) {
        assertThat(ResidentIdNumber.problem(id, TODAY)).isNotBlank();
    }

    @Test
    void problemsNeverQuoteTheNumber() {
        String bad = "11010519491231003X";
        assertThat(ResidentIdNumber.problem(bad, TODAY)).doesNotContain("1101051949").doesNotContain("19491231");
    }

    static String withCheck(String seventeen) {
        return seventeen + ResidentIdNumber.checkChar(seventeen);
    }
}
