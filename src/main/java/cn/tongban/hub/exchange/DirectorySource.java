package cn.tongban.hub.exchange;

import java.io.IOException;

/** Where the signed directory comes from (a file, an HTTPS URL). */
@FunctionalInterface
public interface DirectorySource {
    byte[] fetch() throws IOException;
}
