package ai.continual.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's Spark session. Cluster settings (master, memory, cores, serializer) come from
 * spark-submit or {@code -Dspark.*} properties; without a master the job runs on local[*].
 */
public final class SparkSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {}

    public static SparkSession getOrCreate(String appName) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            LOG.warn("No spark.master set (not launched by spark-submit); running on local[*]");
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", appName);
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
