package ai.continual.store;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on S3: an in-process s3proxy server reached through S3A. */
class S3ModelStoreTest extends ModelStoreContract {

    static StoreBackends.S3 s3;
    static Configuration conf;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = StoreBackends.startS3();
        conf = s3.configure(new Configuration());
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    Configuration conf() {
        return conf;
    }

    @Override
    String newRoot() {
        return "s3a://" + s3.bucket() + "/" + unique();
    }
}
