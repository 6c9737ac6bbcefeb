package cn.tongban.hub.cases;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Who applies: a person (resident identity number) or an organisation (unified social credit code). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Applicant.Person.class, name = "person"),
        @JsonSubTypes.Type(value = Applicant.Organisation.class, name = "organisation")})
public sealed interface Applicant {
    String name();

    /** The identifier licences are held under: the ID number or the credit code. */
    String code();

    /** A resident (GB 11643 identity number). Personal data: never log unmasked. */
    record Person(String name, String idNumber) implements Applicant {
        @Override
        public String code() {
            return idNumber;
        }

        @Override
        public String toString() {
            return "Person[" + PersonalData.maskName(name) + ", " + PersonalData.maskIdNumber(idNumber) + "]";
        }
    }

    /** An organisation (GB 32100 unified social credit code). */
    record Organisation(String name, String creditCode) implements Applicant {
        @Override
        public String code() {
            return creditCode;
        }
    }
}
