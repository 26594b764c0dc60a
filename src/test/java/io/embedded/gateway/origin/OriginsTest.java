package io.embedded.gateway.origin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://app.partner.com", "http://localhost:5173", "http://127.0.0.1:8080",
            "https://a-b.c-d.example:8443",
            "http://[::1]:3000", "https://app.partner.com:1", "https://app.partner.com:65535" })
    void shouldAcceptOriginsAsBrowsersSendThem(String origin) {
        assertThat(Origins.problemWith(origin)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://app.partner.com/|slash",
            "https://*.partner.com|wildcard",
            "*|wildcard",
            "https://app.partner.com/path|scheme://host[:port]",
            "app.partner.com|scheme://host[:port]",
            "ftp://app.partner.com|scheme://host[:port]",
            "https://App.Partner.com|lower case",
            "https://app.partner.com:443|default port",
            "http://app.partner.com:80|default port",
            "https://app.partner.com:70000|port between",
            "https://app.partner.com:65536|port between",
            "https://app.partner.com:0|port between",
            "https://app.partner.com?x=1|scheme://host[:port]",
            "https://user@app.partner.com|scheme://host[:port]" })
    void shouldNameTheProblemWithABadOrigin(String origin, String expected) {
        assertThat(Origins.problemWith(origin)).get().asString().contains(expected);
    }
}
