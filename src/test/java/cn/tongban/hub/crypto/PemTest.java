package cn.tongban.hub.crypto;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class PemTest {

    /** Found by MessageProperties: an x5c entry "" reached the opener's certificate cache as null (a 500, not a refusal). */
    @Test
    void noBytesAreNotACertificate() {
        assertThatThrownBy(() -> Pem.certificate(new byte[0])).isInstanceOf(IOException.class);
    }

    @Test
    void bytesThatAreNoCertificateAreRefusedAlike() {
        assertThatThrownBy(() -> Pem.certificate(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})).isInstanceOf(IOException.class);
    }
}
