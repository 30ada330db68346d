package ai.continual.store;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the local file system. */
class LocalModelStoreTest extends ModelStoreContract {

    @TempDir
    Path tmp;

    @Override
    Configuration conf() {
        return new Configuration();
    }

    @Override
    String newRoot() {
        return tmp.resolve(unique()).toUri().toString();
    }
}
