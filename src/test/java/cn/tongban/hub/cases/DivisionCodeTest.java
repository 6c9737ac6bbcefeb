package cn.tongban.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DivisionCodeTest {
    static final LocalDate TODAY = Samples.TODAY;
    static final String HEADER = "code,name,english,from,until,successor\n";

    /** All 31 provinces of shared/DOMAIN.md. */
    @ParameterizedTest
    @ValueSource(strings = {"110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
            "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000", "440000", "450000",
            "460000", "500000", "510000", "520000", "530000", "540000", "610000", "620000", "630000", "640000", "650000"})
    void everyProvinceIsCurrent(String code) {
        assertThat(DivisionCode.isValid(code)).isTrue();
        assertThat(DivisionCode.isKnown(code)).isTrue();
        assertThat(DivisionCode.isCurrent(code, TODAY)).isTrue();
    }

    /** The scenario cities and counties. */
    @ParameterizedTest
    @ValueSource(strings = {"370300", "370400", "370700", "370725", "371300", "371312", "130900", "370100", "370800"})
    void scenarioCitiesAreCurrent(String code) {
        assertThat(DivisionCode.isCurrent(code, TODAY)).isTrue();
    }

    @Test
    void namesComeFromTheList() {
        assertThat(DivisionCode.entry("370700", TODAY)).get().extracting(DivisionCode.Entry::name).isEqualTo("潍坊市");
        assertThat(DivisionCode.entry("371312", TODAY)).get().extracting(DivisionCode.Entry::english).isEqualTo("Hedong");
    }

    @Test
    void laiwuIsRetiredIntoJinanOnItsEndDate() {
        LocalDate end = LocalDate.of(2019, 1, 9);
        assertThat(DivisionCode.isKnown("371200")).isTrue();
        assertThat(DivisionCode.isCurrent("371200", end.minusDays(1))).isTrue();
        assertThat(DivisionCode.isCurrent("371200", end)).isFalse();
        assertThat(DivisionCode.isCurrent("371200", TODAY)).isFalse();
        assertThat(DivisionCode.entries("371200")).singleElement().satisfies(e -> {
            assertThat(e.until()).isEqualTo(end);
            assertThat(e.successor()).isEqualTo("370100");
        });
        // its districts moved into Jinan under new codes, in force from the same day
        assertThat(DivisionCode.isCurrent("370116", end.minusDays(1))).isFalse();
        assertThat(DivisionCode.isCurrent("370116", end)).isTrue();
        assertThat(DivisionCode.entries("371202").get(0).successor()).isEqualTo("370116");
    }

    @Test
    void provincesCreatedLaterAreNotCurrentBefore() {
        assertThat(DivisionCode.isCurrent("500000", LocalDate.of(1997, 3, 13))).isFalse();
        assertThat(DivisionCode.isCurrent("500000", LocalDate.of(1997, 3, 14))).isTrue();
        assertThat(DivisionCode.isCurrent("460000", LocalDate.of(1988, 1, 1))).isFalse();
    }

    @Test
    void unknownButWellFormedCodesAreNotCurrent() {
        assertThat(DivisionCode.isValid("370799")).isTrue();
        assertThat(DivisionCode.isKnown("370799")).isFalse();
        assertThat(DivisionCode.isCurrent("370799", TODAY)).isFalse();
        assertThat(DivisionCode.isCurrent(null, TODAY)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"37030", "3703000", "037030", "37O300", "370005", "+37030", " 370300"})
    void malformedCodesAreRefused(String code) {
        assertThat(DivisionCode.isValid(code)).isFalse();
        assertThat(DivisionCode.problem(code)).isNotBlank();
    }

    @Test
    void containmentFollowsTheCode() {
        assertThat(DivisionCode.contains("370000", "370725")).isTrue();
        assertThat(DivisionCode.contains("370700", "370725")).isTrue();
        assertThat(DivisionCode.contains("370300", "370725")).isFalse();
        assertThat(DivisionCode.contains("370725", "370700")).isFalse();
        assertThat(DivisionCode.contains("370700", "370700")).isFalse();
        assertThat(DivisionCode.contains("130000", "370725")).isFalse();
    }

    @Test
    void listParsingRefusesMistakes() throws Exception {
        Map<String, List<DivisionCode.Entry>> ok = DivisionCode.parse(new StringReader(
                "# comment\n" + HEADER + "370000,山东省,Shandong,,,\n371200,莱芜市,Laiwu,,2019-01-09,370000\n"
                        + "371200,某市,Reused,2020-01-01,,\n"));
        assertThat(ok.get("371200")).hasSize(2);
        assertThat(ok.get("371200").get(0).until()).isEqualTo(LocalDate.of(2019, 1, 9));
        for (String bad : List.of("370000,山东省,Shandong,,\n", "37000,山东省,Shandong,,,\n", "370000,,Shandong,,,\n",
                "370000,山东省,Shandong,2019-13-01,,\n", "370000,山东省,Shandong,2019-01-09,2019-01-09,\n",
                "370000,山东省,Shandong,,,370100\n", "371200,莱芜市,Laiwu,,2019-01-09,379900\n",
                "370000,山东省,Shandong,,,\n370000,山东省,Shandong,2000-01-01,,\n")) {
            assertThatThrownBy(() -> DivisionCode.parse(new StringReader(HEADER + bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DivisionCode.parse(new StringReader("370000,山东省,Shandong,,,\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
