package servesim.profiler;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DjlSmokeTest {
    @Test
    void matmulOnCpu() {
        System.setProperty("ai.djl.offline", "true");
        Engine e = Engine.getEngine("PyTorch");
        System.out.println("engine " + e.getEngineName() + " " + e.getVersion() + " djl " + Engine.getDjlVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(64, 128));
            NDArray b = m.randomNormal(new Shape(128, 32));
            long t0 = System.nanoTime();
            NDArray c = a.matMul(b);
            System.out.println(c.getShape() + " " + (System.nanoTime() - t0) / 1e3 + " us");
        }
    }
}
