package ai.continual.store;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a real HDFS (one MiniDFSCluster for the class). */
class HdfsModelStoreTest extends ModelStoreContract {

    static StoreBackends.Hdfs hdfs;

    @BeforeAll
    static void startHdfs() throws Exception {
        hdfs = StoreBackends.startHdfs();
    }

    @AfterAll
    static void stopHdfs() {
        hdfs.close();
    }

    @Override
    Configuration conf() {
        return hdfs.conf();
    }

    @Override
    String newRoot() {
        return hdfs.uri() + "/stores/" + unique();
    }
}
