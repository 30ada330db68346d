package ai.continual.job.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The Hadoop configuration the driver would get from Spark ({@code spark.hadoop.*} settings, from
 * spark-submit or {@code -D} properties), built without starting Spark, so that store commands and
 * the writer lease answer in seconds.
 */
public final class HadoopSettings {

    private static final String PREFIX = "spark.hadoop.";

    private HadoopSettings() {}

    /** A Hadoop configuration with every {@code spark.hadoop.*} setting of the driver applied. */
    public static Configuration fromSparkConf() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> entry : new SparkConf().getAll()) {
            if (entry._1().startsWith(PREFIX)) {
                conf.set(entry._1().substring(PREFIX.length()), entry._2());
            }
        }
        return conf;
    }
}
