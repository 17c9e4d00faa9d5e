/** A member of staff acting on the service: who, and in which roles (from the identity provider's groups). */
import type { Role } from "../topology-types.ts";

export interface Staff {
  id: string;
  roles: Role[];
}
