import type { User } from '../entities/user.entity.js';
import type { UserResponseDto } from '../dto/auth.dto.js';
import { maskCitizenId } from './citizen-id.js';
import { ADULT_AGE, ageOn, publicName } from './person.js';

export function toUserResponse(user: User, today: string): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    publicName: publicName(user, today),
    roles: user.roles,
    unit: user.unit ? { id: user.unit.id, name: user.unit.name, code: user.unit.code } : null,
    birthDate: user.birthDate,
    phone: user.phone,
    email: user.email,
    citizenIdMasked: maskCitizenId(user.citizenIdLast4),
    population: user.population,
    isMinor: user.birthDate !== null && ageOn(user.birthDate, today) < ADULT_AGE,
  };
}
