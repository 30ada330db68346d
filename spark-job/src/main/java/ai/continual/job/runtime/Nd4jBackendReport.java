package ai.continual.job.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend one JVM runs on (CPU or CUDA) and which devices it sees, so that a run's log says
 * whether the driver and the executors really got the GPU build and a GPU, and {@code --require-gpu}
 * can fail fast when they did not.
 *
 * @param host the host name of the JVM
 * @param backend ND4J's backend name, {@code CPU} or {@code CUDA}
 * @param backendClass the backend class ND4J loaded (e.g. {@code CpuBackend}, {@code CudaBackend})
 * @param devices the GPUs visible to ND4J (name, compute capability, memory), empty on CPU
 * @param blasVendor the BLAS library (OpenBLAS, MKL, cuBLAS)
 * @param threads ND4J's OpenMP threads on CPU
 */
public record Nd4jBackendReport(String host, String backend, String backendClass, List<String> devices,
                                String blasVendor, int threads) {

    /** The backend of the JVM this runs in (loads ND4J if it is not loaded yet). */
    public static Nd4jBackendReport local() {
        String backendClass = Nd4j.getBackend().getClass().getSimpleName();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault(Nd4jEnvironment.BACKEND_KEY, backendClass));
        List<String> devices = new ArrayList<>();
        Object info = env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
        if (info instanceof List<?> list) {
            for (Object device : list) {
                if (device instanceof Map<?, ?> d) {
                    devices.add(d.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY) + " (sm_"
                            + d.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY)
                            + d.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY) + ", "
                            + mib(d.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY)) + " MiB, "
                            + mib(d.get(Nd4jEnvironment.CUDA_FREE_MEMORY_KEY)) + " MiB free)");
                }
            }
        }
        Object threads = env.get(Nd4jEnvironment.OMP_THREADS_KEY);
        return new Nd4jBackendReport(hostName(), backend, backendClass, List.copyOf(devices),
                String.valueOf(env.getOrDefault(Nd4jEnvironment.BLAS_VENDOR_KEY, "unknown")),
                threads instanceof Number n ? n.intValue() : 0);
    }

    /** True when ND4J runs on CUDA and sees at least one device. */
    public boolean isGpu() {
        return backend.toUpperCase(java.util.Locale.ROOT).contains("CUDA") && !devices.isEmpty();
    }

    /** One line for the log, e.g. {@code CPU (CpuBackend, OPENBLAS, 2 threads) on host-1}. */
    public String describe() {
        String where = isGpu() ? devices.size() + " GPU(s): " + String.join("; ", devices)
                : blasVendor + ", " + threads + " threads";
        return backend + " (" + backendClass + ", " + where + ") on " + host;
    }

    private static long mib(Object bytes) {
        return bytes instanceof Number n ? n.longValue() / (1024 * 1024) : -1;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
