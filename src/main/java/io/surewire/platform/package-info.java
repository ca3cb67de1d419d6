/**
 * What every capability leans on: the configuration with its defaults, the logger producer and the
 * JAX-RS application under {@code /api}.
 */
package io.surewire.platform;
