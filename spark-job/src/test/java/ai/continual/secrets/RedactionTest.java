package ai.continual.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void userInfoIsMaskedInEveryUriOfAText() {
        String text = "Cannot open s3a://AKIA123:se%2Fcret@bucket/models and hdfs://nn:8020/x, file:/tmp/y";
        assertThat(Redaction.uris(text))
                .isEqualTo("Cannot open s3a://*****@bucket/models and hdfs://nn:8020/x, file:/tmp/y")
                .doesNotContain("AKIA123").doesNotContain("cret");
        assertThat(Redaction.uris(null)).isNull();
        assertThat(Redaction.hasUriCredentials("s3a://K:S@bucket/x")).isTrue();
        assertThat(Redaction.hasUriCredentials("hdfs://nn:8020/x")).isFalse();
    }

    @Test
    void settingsTreesLoseUriCredentialsAndSecretValues() {
        Map<String, Object> settings = Map.of(
                "store", "s3a://KEY:SECRET@bucket/models",
                "data", Map.of("root", "s3a://KEY:SECRET@bucket/data", "roots", List.of("gs://u:p@b/x")),
                "fs.s3a.secret.key", "SECRET",
                "epochs", 3);
        Map<String, Object> safe = Redaction.settings(settings);
        assertThat(safe.toString()).doesNotContain("SECRET").doesNotContain("KEY:").doesNotContain("u:p");
        assertThat(safe).containsEntry("store", "s3a://*****@bucket/models").containsEntry("epochs", 3)
                .containsEntry("fs.s3a.secret.key", Redaction.MASK);
    }
}
