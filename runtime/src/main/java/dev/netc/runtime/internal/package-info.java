/** Not API: kernels that generated code calls, whose signatures may change in any release. */
package dev.netc.runtime.internal;
