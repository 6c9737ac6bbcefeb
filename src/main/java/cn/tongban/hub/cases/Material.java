package cn.tongban.hub.cases;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One material of a case. Instead of photocopies: an electronic licence checked in the holder's licence
 * library (免提交), an attached file identified by its SM3 hash, or the applicant's signed commitment
 * (告知承诺) to be verified after the decision.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Material.Licence.class, name = "licence"),
        @JsonSubTypes.Type(value = Material.File.class, name = "file"),
        @JsonSubTypes.Type(value = Material.Commitment.class, name = "commitment")})
public sealed interface Material {
    /** What the material is, e.g. 营业执照. */
    String title();

    /** An electronic licence (GB/T 36904 identifier) held by {@code holderCode}. */
    record Licence(String title, String licenceId, String holderCode) implements Material {
        /** The holder may be a person: its code is masked. */
        @Override
        public String toString() {
            return "Licence[" + title + ", " + licenceId + ", holder " + PersonalData.maskIdNumber(holderCode) + "]";
        }
    }

    /** An attached file: its name, media type, size and lowercase hex SM3. */
    record File(String title, String fileName, String mediaType, long size, String sm3) implements Material {
        /** File names often carry the applicant's name: left out. */
        @Override
        public String toString() {
            return "File[" + title + ", " + mediaType + ", " + size + " bytes, sm3 " + sm3 + "]";
        }
    }

    /** A signed commitment (告知承诺) replacing a proof, to be checked by {@code verifyBy}. */
    record Commitment(String title, String statement, LocalDate verifyBy) implements Material {
        /** The statement is the applicant's own words: left out. */
        @Override
        public String toString() {
            return "Commitment[" + title + ", verify by " + verifyBy + "]";
        }
    }
}
