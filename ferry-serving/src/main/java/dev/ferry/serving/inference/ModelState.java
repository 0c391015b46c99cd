package dev.ferry.serving.inference;

/** The load state of a model version, named as in the repository extension. */
public enum ModelState {
    /** Loaded and serving. */
    READY,
    /** Being loaded. */
    LOADING,
    /** Being unloaded. */
    UNLOADING,
    /** Present in the repository but not loaded, or failed to load (see the reason). */
    UNAVAILABLE
}
