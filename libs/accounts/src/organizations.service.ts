import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@council/audit';
import { ConflictError, requireName } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { OrganizationEntity } from './persistence/organization.entity';

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
    const byId = new Map(
      rows.map((row) => [
        row.id,
        { id: row.id, name: row.name, shortName: row.short_name, createdAt: row.created_at },
      ]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  }

  async create(actorId: string, command: CreateOrganizationCommand): Promise<OrganizationEntity> {
    const name = requireName(command.name, 'name', 300);
    const shortName = requireName(command.shortName, 'shortName', 100);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await manager.save(
          manager.create(OrganizationEntity, { name, shortName }),
        );
        await this.audit.record(manager, {
          actorId,
          action: 'accounts.organization_created',
          entityType: 'organization',
          entityId: organization.id,
          summary: { name, shortName },
        });
        return organization;
      });
    } catch (error) {
      if (
        isUniqueViolation(error, 'uq_organization_name') ||
        isUniqueViolation(error, 'uq_organization_name_folded')
      ) {
        throw new ConflictError(
          'ORGANIZATION_EXISTS',
          'An organisation with this name already exists',
        );
      }
      throw error;
    }
  }
}
