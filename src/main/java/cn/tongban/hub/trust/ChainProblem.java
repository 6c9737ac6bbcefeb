package cn.tongban.hub.trust;

/** Why a certificate chain was refused (TEP-1 §4 step 4). */
public enum ChainProblem {
    /** Does not chain to a trusted root, or a link in it is not a CA. */
    UNTRUSTED,
    /** Chains to a trusted root, but some certificate is not valid at the instant of the check. */
    EXPIRED,
    /** A certificate of the path is listed in a CRL issued by its issuer. */
    REVOKED
}
