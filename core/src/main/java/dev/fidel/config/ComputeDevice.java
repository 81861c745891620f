package dev.fidel.config;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fidel.FidelException;
import dev.fidel.util.TorchEngine;
import java.util.Map;

/** Where the run computes ({@code <device>}): {@code cpu}, or {@code gpu} (also written {@code cuda}). */
public enum ComputeDevice {
    CPU, GPU;

    /** Other names the POM may give a device: {@code cuda} is the GPU. */
    public static final Map<String, ComputeDevice> ALIASES = Map.of("cuda", GPU);

    /** The name in the POM and in the checkpoint. */
    @JsonValue
    public String key() {
        return this == CPU ? "cpu" : "gpu";
    }

    /**
     * DJL's device: the CPU, or the GPU where DJL's engine has CUDA and sees one; otherwise refused, naming the setting
     * and how to get one.
     */
    public Device device() throws FidelException {
        if (this == CPU) {
            return Device.cpu();
        }
        Engine engine = TorchEngine.engine();
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = cuda ? engine.getGpuCount() : 0;
        if (gpus > 0) {
            return Device.gpu();
        }
        throw new FidelException("<device> " + key() + " is not available: DJL's " + engine.getEngineName() + " engine "
                + engine.getVersion() + (cuda ? " has CUDA but sees no GPU" : " has no CUDA (no CUDA engine is present; this Fidel "
                + "bundles only PyTorch's CPU natives)") + ". On a machine with an NVIDIA GPU, set PYTORCH_LIBRARY_PATH to the lib folder of "
                + "a CUDA 12.8 build of libtorch 2.7.1 (and PYTORCH_FLAVOR=cu128); otherwise set <device>cpu</device> (-Dfidel.device=cpu)",
                "device", null);
    }
}
