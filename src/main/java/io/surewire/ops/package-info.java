/** Operations: health, delivery metrics and the list of open sessions, as JSON over HTTP. */
package io.surewire.ops;
