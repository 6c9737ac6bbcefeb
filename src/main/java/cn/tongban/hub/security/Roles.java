package cn.tongban.hub.security;

import java.util.Set;

/** The two operator roles: VIEWER reads, OPERATOR also writes (and is a VIEWER). */
public final class Roles {
    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";
    static final Set<String> ALL = Set.of(VIEWER, OPERATOR);

    private Roles() {
    }
}
