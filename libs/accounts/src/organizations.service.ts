import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@council/audit';
import { ConflictError, alignById, requireName } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { OrganizationEntity } from './persistence/organization.entity';

export const ORGANIZATION_EXISTS = () =>
  new ConflictError('ORGANIZATION_EXISTS', 'An organisation with this name already exists', {
    name: ['an organisation with this name already exists'],
  });

// Names are unique as written and regardless of case (uq_organization_name_folded).
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
