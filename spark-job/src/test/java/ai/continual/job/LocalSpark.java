package ai.continual.job;

import org.apache.spark.sql.SparkSession;

/** The one local[2] Spark session all tests of this module share (started on first use). */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("continual-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                    .config("spark.locality.wait", "0")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
