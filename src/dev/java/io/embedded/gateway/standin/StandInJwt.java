package io.embedded.gateway.standin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Signs HS256 JWTs the way Airbyte's tokens look (the doc examples decode to HS256), with a per-run random key. */
final class StandInJwt {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = URL
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final ObjectMapper json;
    private final byte[] key;

    StandInJwt(ObjectMapper json, byte[] key) {
        this.json = json;
        this.key = key.clone();
    }

    String sign(Map<String, Object> claims) {
        try {
            String payload = URL.encodeToString(json.writeValueAsBytes(claims));
            String signingInput = HEADER + "." + payload;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a stand-in token", e);
        }
    }
}
