package cn.tongban.hub.adapters.licence;

import java.util.List;

/** Names of the licence library REST contract (see package-info), shared by client and simulator. */
final class LibraryContract {
    static final String PATH = "licences/";
    static final String Q_HOLDER = "holder";
    static final String Q_NONCE = "nonce";
    static final String Q_PURPOSE = "purpose";

    static final String LICENCE = "licence";
    static final String SIGNATURE = "signature";
    static final String SIGNER = "signer";
    static final String CODE = "code";

    static final String ID = "证照标识";
    static final String HOLDER_CODE = "持证主体代码";
    static final String VALID_FROM = "有效期起始日期";
    static final String VALID_UNTIL = "有效期截止日期";
    /** An end of validity that never comes. */
    static final String LONG_TERM = "长期";
    static final String STATUS = "status";
    static final String STATUS_AT = "statusAt";
    static final String NONCE = "nonce";

    static final String STATUS_VALID = "valid";
    static final String STATUS_REVOKED = "revoked";
    static final String STATUS_EXPIRED = "expired";

    static final String NOT_FOUND = "NOT_FOUND";
    static final String HOLDER_MISMATCH = "HOLDER_MISMATCH";
    static final String BAD_REQUEST = "BAD_REQUEST";
    static final String UNAVAILABLE = "UNAVAILABLE";

    /** The GB/T 36903 metadata fields passed on in {@code LicenceCheck.Result.metadata}, in this order. */
    static final List<String> METADATA = List.of("证照标识", "证照名称", "证照类型名称", "证照类型代码", "证照编号",
            "持证主体", "持证主体代码", "持证主体代码类型", "颁发机构", "颁发机构代码", "颁发日期", "有效期起始日期",
            "有效期截止日期", "管辖属地编码");

    private LibraryContract() {
    }
}
