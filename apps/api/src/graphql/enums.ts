import { registerEnumType } from '@nestjs/graphql';
import { MemberStatus } from '@council/accounts';
import { Role } from '@council/access';
import { Position } from '@council/terms';

registerEnumType(Role, { name: 'Role' });
registerEnumType(Position, { name: 'Position' });
registerEnumType(MemberStatus, { name: 'MemberStatus' });

export { MemberStatus, Position, Role };
