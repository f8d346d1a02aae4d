import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@council/audit';
import { ConflictError, NotFoundError, alignById, assertUuid, requireName } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { AccountsReason } from './domain/accounts.errors';
import { OrganizationEntity } from './persistence/organization.entity';

export const ORGANIZATION_EXISTS = () =>
  new ConflictError(
    AccountsReason.ORGANIZATION_EXISTS,
    'An organisation with this name already exists',
    {
      name: ['an organisation with this name already exists'],
    },
  );

// Names are unique as written, and by this key (uq_organization_name_folded): regardless of case,
// of ё/е, of the style of quotes and apostrophes (migration 1765800000000-OrganizationNameFold), of
// Unicode hyphens and of Latin or Greek letters that look like Cyrillic ones ("OOO «Ромашка»" with
// Latin O's; migration 1766000000000-OrganizationLookAlikes).
export const ORGANIZATION_NAME_KEY = (column: string) =>
  `translate(lower(translate(${column}, 'Ёё«»„“”‟‘’‚‛‹›‐‑', 'ЕЕ""""""''''''''''''--')), ` +
  `'abcehkmoptxyαβεηκμορτχυ', 'авсенкмортхуавенкмортху')`;

export function isOrganizationNameTaken(error: unknown): boolean {
  return (
    isUniqueViolation(error, 'uq_organization_name') ||
    isUniqueViolation(error, 'uq_organization_name_folded')
  );
}

export interface CreateOrganizationCommand {
  name: string;
  shortName: string;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<OrganizationEntity[]> {
    return this.dataSource.getRepository(OrganizationEntity).find({ order: { name: 'ASC' } });
  }

  // For DataLoaders, in plain SQL like MembersService.findByIds.
  async findByIds(ids: readonly string[]): Promise<Array<OrganizationEntity | null>> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; name: string; short_name: string; created_at: Date }> =
      await this.dataSource.query(
        'SELECT id, name, short_name, created_at FROM organization WHERE id = ANY($1::uuid[])',
        [ids],
      );
    return alignById(
      ids,
      rows.map((row) => ({
        id: row.id,
        name: row.name,
        shortName: row.short_name,
        createdAt: row.created_at,
      })),
      (organization) => organization.id,
    );
  }

  async create(actorId: string, command: CreateOrganizationCommand): Promise<OrganizationEntity> {
    const name = requireName(command.name, 'name', 300);
    const shortName = requireName(command.shortName, 'shortName', 100);
    try {
      return await this.dataSource.transaction((manager) =>
        this.createWithin(manager, actorId, { name, shortName }),
      );
    } catch (error) {
      if (isOrganizationNameTaken(error)) throw ORGANIZATION_EXISTS();
      throw error;
    }
  }

  // A name or short name corrected; a field left out keeps its value. Names stay unique, as written
  // and regardless of case.
  async update(
    actorId: string,
    organizationId: string,
    changes: Partial<CreateOrganizationCommand>,
  ): Promise<OrganizationEntity> {
    const id = assertUuid(organizationId, 'id');
    const name = changes.name === undefined ? undefined : requireName(changes.name, 'name', 300);
    const shortName =
      changes.shortName === undefined
        ? undefined
        : requireName(changes.shortName, 'shortName', 100);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await manager.findOne(OrganizationEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!organization) throw new NotFoundError('Organization');
        const from = { name: organization.name, shortName: organization.shortName };
        const to = { name: name ?? from.name, shortName: shortName ?? from.shortName };
        if (to.name === from.name && to.shortName === from.shortName) return organization;
        await manager.update(OrganizationEntity, id, to);
        await this.audit.record(manager, {
          actorId,
          action: 'accounts.organization_updated',
          entityType: 'organization',
          entityId: id,
          summary: { from, to },
        });
        return Object.assign(organization, to);
      });
    } catch (error) {
      if (isOrganizationNameTaken(error)) throw ORGANIZATION_EXISTS();
      throw error;
    }
  }

  // Inside the caller's transaction, with its audit entry; the names already checked. actorId
  // null for one created on the server (admin:invite).
  async createWithin(
    manager: EntityManager,
    actorId: string | null,
    fields: CreateOrganizationCommand,
  ): Promise<OrganizationEntity> {
    const organization = await manager.save(manager.create(OrganizationEntity, fields));
    await this.audit.record(manager, {
      actorId,
      action: 'accounts.organization_created',
      entityType: 'organization',
      entityId: organization.id,
      summary: { name: organization.name, shortName: organization.shortName },
    });
    return organization;
  }
}
