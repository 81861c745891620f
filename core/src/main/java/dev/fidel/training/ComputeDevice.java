package dev.fidel.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.fidel.FidelException;

/** Where the run computes ({@code <device>}): {@code cpu}, or {@code gpu} (also written {@code cuda}). */
public enum ComputeDevice {
    CPU, GPU;

    /** The name in the POM and in the checkpoint's settings. */
    public String key() {
        return this == CPU ? "cpu" : "gpu";
    }

    public static ComputeDevice parse(String name) throws FidelException {
        if ("cpu".equals(name)) {
            return CPU;
        }
        if ("gpu".equals(name) || "cuda".equals(name)) {
            return GPU;
        }
        throw new FidelException("<device> " + name + " is not one of cpu, gpu, cuda", "device", null);
    }

    /**
     * DJL's device: the CPU, or the GPU where DJL's engine has CUDA and sees one; otherwise refused, naming the setting
     * and how to get one.
     */
    Device device() throws FidelException {
        if (this == CPU) {
            return Device.cpu();
        }
        Engine engine = Engine.getInstance();
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
