/** JSON plumbing shared by every domain: the mapper, the timestamp format, canonical JSON, errors. */
package io.keyport.model.common;
